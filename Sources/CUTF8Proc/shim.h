// utf8proc (MIT, Debian libutf8proc-dev) for Swift: character widths, normalisation, case
// folding and mark stripping. Linked directly (every render measures text), unlike CEdit.
// Only Sources/Conversation/Text/UnicodeText.swift imports it.
#ifndef CUTF8PROC_SHIM_H
#define CUTF8PROC_SHIM_H

#include <utf8proc.h>

#endif
