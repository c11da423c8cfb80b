/// `cande --generate-completion-script bash|zsh|fish`: completion scripts written for cande in
/// place of swift-argument-parser's, which know the flags but not the command language. Each
/// completes the flags (from `CandeFlags`), directories for `--store`, file names for SCRIPT,
/// and inside `-c '…'` asks `cande --complete-command TEXT` (with the command line's `--store`):
/// verbs, option keys and their values, handles, meeting ids, users.
enum CompletionScripts {
    static let shells = ["bash", "zsh", "fish"]

    static func script(for shell: String) -> String? {
        switch shell {
        case "bash": return bash
        case "zsh": return zsh
        case "fish": return fish
        default: return nil
        }
    }

    /// `--generate-completion-script SHELL` (or `=SHELL`) among `arguments`: the shell named,
    /// nil inside when none is; nil when the flag is not there (before any `--`).
    static func requested(in arguments: [String]) -> String?? {
        let flag = CandeFlags.completionScript.names[0]
        for (k, argument) in arguments.prefix(while: { $0 != "--" }).enumerated() {
            if argument == flag { return .some(k + 1 < arguments.count ? arguments[k + 1] : nil) }
            if argument.hasPrefix(flag + "=") { return .some(String(argument.dropFirst(flag.count + 1))) }
        }
        return nil
    }

    /// The flags a shell offers (not the scripts' own question).
    private static var flags: [CandeFlag] { CandeFlags.all.filter { $0.long != CandeFlags.completeCommand.long } }

    private static var bash: String {
        let names = flags.flatMap(\.names).joined(separator: " ")
        return #"""
            # bash completion for cande: cande --generate-completion-script bash > ~/.local/share/bash-completion/completions/cande
            _cande_dequote() {
                local v=$1
                case $v in \'*\') v=${v:1:${#v}-2} ;; \"*\") v=${v:1:${#v}-2} ;; esac
                [[ $v == "~/"* ]] && v=$HOME/${v#"~/"}
                printf '%s' "$v"
            }
            _cande_command() {
                local cmd=$1 cur=$2 quote= text i w v a
                local -a store=() answers=() more=()
                case $cur in
                    \'*) quote=\'; text=${cur:1} ;;
                    \"*) quote=\"; text=${cur:1} ;;
                    *) text=$cur ;;
                esac
                for ((i = 1; i < COMP_CWORD; i++)); do
                    w=${COMP_WORDS[i]}
                    if [[ $w == --store ]]; then
                        v=${COMP_WORDS[i+1]}
                        [[ $v == = ]] && v=${COMP_WORDS[i+2]}
                        store=(--store "$(_cande_dequote "$v")")
                    elif [[ $w == --store=* ]]; then
                        store=(--store "$(_cande_dequote "${w#--store=}")")
                    fi
                done
                mapfile -t answers < <("$cmd" "${store[@]}" --complete-command "$text" 2>/dev/null)
                # A lone option key: its values at once (a unique match would close the quote).
                if ((${#answers[@]} == 1)) && [[ ${answers[0]} == *: ]]; then
                    mapfile -t more < <("$cmd" "${store[@]}" --complete-command "${answers[0]}" 2>/dev/null)
                    ((${#more[@]} > 1)) && answers=("${more[@]}")
                fi
                COMPREPLY=()
                for a in "${answers[@]}"; do
                    # bash's own blank follows a unique match (after the closing quote).
                    a=${a% }
                    # Outside quotes a blank would end the -c word.
                    [[ -z $quote && $a == *[[:blank:]]* ]] && continue
                    [[ $a == *: ]] && compopt -o nospace 2>/dev/null
                    COMPREPLY+=("$a")
                done
            }
            _cande() {
                local cur=${COMP_WORDS[COMP_CWORD]} prev= cmd=${COMP_WORDS[0]}
                ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD-1]}
                [[ $cmd == "~/"* ]] && cmd=$HOME/${cmd#"~/"}
                if [[ $prev == = ]] && ((COMP_CWORD > 1)); then prev=${COMP_WORDS[COMP_CWORD-2]}; fi
                case $prev in
                    --store)
                        compopt -o filenames 2>/dev/null
                        mapfile -t COMPREPLY < <(compgen -d -- "$cur")
                        return 0 ;;
                    --as|--complete-command) COMPREPLY=(); return 0 ;;
                    --generate-completion-script) mapfile -t COMPREPLY < <(compgen -W "\#(shells.joined(separator: " "))" -- "$cur"); return 0 ;;
                    -c) _cande_command "$cmd" "$cur"; return 0 ;;
                esac
                if [[ $cur == -* ]]; then
                    mapfile -t COMPREPLY < <(compgen -W "\#(names)" -- "$cur")
                    return 0
                fi
                compopt -o filenames 2>/dev/null
                mapfile -t COMPREPLY < <(compgen -f -- "$cur")
            }
            complete -F _cande cande

            """#
    }

    /// One `_arguments` spec: `'--json[Print …]'`, with a value `'--store[…]:path:_files -/'`.
    private static func zshSpec(_ flag: CandeFlag, name: String) -> String {
        let help = flag.help.replacing("\\", with: "\\\\").replacing("[", with: "\\[").replacing("]", with: "\\]")
            .replacing(":", with: "\\:")
        var spec = (name == CandeFlags.command.names[0] ? "*" : "") + name + "[" + help + "]"
        if let value = flag.value {
            switch flag.completes {
            case .directories: spec += ":" + value + ":_files -/"
            case .command: spec += ":" + value + ":_cande_command"
            case .shells: spec += ":" + value + ":(" + shells.joined(separator: " ") + ")"
            case .nothing: spec += ":" + value + ": "
            }
        }
        return "'" + spec.replacing("'", with: "'\\''") + "'"
    }

    private static var zsh: String {
        let specs = flags.flatMap { flag in flag.names.map { "        " + zshSpec(flag, name: $0) + " \\" } }
        return #"""
            #compdef cande
            # zsh completion for cande: cande --generate-completion-script zsh > DIR/_cande, DIR in $fpath
            _cande_command() {
                local -a store answers keys words_
                local i a
                for ((i = 2; i < CURRENT; i++)); do
                    case ${words[i]} in
                        --store) store=(--store ${(Q)words[i+1]}) ;;
                        --store=*) store=(--store ${(Q)${words[i]#--store=}}) ;;
                    esac
                done
                answers=("${(@f)$(${~words[1]} $store --complete-command "$PREFIX" 2>/dev/null)}")
                for a in $answers; do
                    [[ -z $a ]] && continue
                    if [[ $a == *: ]]; then keys+=("$a"); else words_+=("${a% }"); fi
                done
                (($#keys)) && compadd -S '' -- $keys
                (($#words_)) && compadd -- $words_
                return 0
            }
            _cande() {
                _arguments -s -S \

            """# + specs.joined(separator: "\n") + "\n        '*:script:_files'\n}\n" + #"""
                # As a file of $fpath (autoloaded), complete now; sourced, register.
                if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
                    _cande "$@"
                else
                    compdef _cande cande
                fi

                """#
    }

    private static func fishLine(_ flag: CandeFlag) -> String {
        var line = "complete -c cande"
        for name in flag.names {
            line += name.hasPrefix("--") ? " -l " + name.dropFirst(2) : " -s " + name.dropFirst()
        }
        switch flag.completes {
        case .directories: line += " -x -a '(__fish_complete_directories (commandline -ct))'"
        case .command: line += " -x -a '(__cande_complete_command)'"
        case .shells: line += " -x -a '" + shells.joined(separator: " ") + "'"
        case .nothing: if flag.value != nil { line += " -x" }
        }
        return line + " -d '" + flag.help.replacing("\\", with: "\\\\").replacing("'", with: "\\'") + "'"
    }

    private static var fish: String {
        #"""
        # fish completion for cande: cande --generate-completion-script fish > ~/.config/fish/completions/cande.fish
        function __cande_complete_command
            set -l tokens (commandline -opc)
            set -l text (commandline -ct)
            set -l store
            for i in (seq 2 (count $tokens))
                if test "$tokens[$i]" = --store; and test $i -lt (count $tokens)
                    set store --store $tokens[(math $i + 1)]
                else if string match -q -- '--store=*' "$tokens[$i]"
                    set store --store (string replace -- '--store=' '' "$tokens[$i]")
                end
            end
            set text (string replace -r -- '^[\'"]' '' "$text")
            $tokens[1] $store --complete-command "$text" 2>/dev/null | string replace -r -- ' $' ''
        end

        """# + flags.map(fishLine).joined(separator: "\n") + "\n"
    }
}
