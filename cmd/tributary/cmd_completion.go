package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
)

func cmdCompletion(ctx context.Context, e *env, args []string) error {
	c, _ := lookup("completion")
	fs := flag.NewFlagSet("completion", flag.ContinueOnError)
	pos, err := e.parseFlags(c, fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError("completion: name one shell: bash, zsh or fish (see 'tributary completion --help')")
	}
	spec := completionSpec(ctx)
	switch pos[0] {
	case "bash":
		writeBash(e.stdout, spec)
	case "zsh":
		writeZsh(e.stdout, spec)
	case "fish":
		writeFish(e.stdout, spec)
	default:
		return usageError("completion: unknown shell %q; use bash, zsh or fish", pos[0])
	}
	return nil
}

// flagInfo is one flag as its help shows it.
type flagInfo struct {
	name  string // without dashes
	value bool   // takes a value
	usage string
}

func (f flagInfo) dashed() string {
	if len(f.name) == 1 {
		return "-" + f.name
	}
	return "--" + f.name
}

// cmdInfo is what completion knows about one command.
type cmdInfo struct {
	name, summary string
	flags         []flagInfo // its own, the global ones excluded
	args          string     // what its arguments are: "sources", "files", "commands", "shells" or ""
}

type compSpec struct {
	global []flagInfo
	cmds   []cmdInfo
}

// fileFlags take a file name as their value.
var fileFlags = []string{"c", "config", "cpuprofile"}

// positional says what each command's arguments are.
var positional = map[string]string{
	"run": "sources", "remove": "sources", "add": "files", "inspect": "files", "import": "files",
	"completion": "shells", "help": "commands",
}

// completionSpec reads every command's flags from its own --help, so the
// scripts can never fall out of step with the flags a command defines.
// The context is cancelled first: asking for help must not do anything.
func completionSpec(ctx context.Context) compSpec {
	ctx, cancel := context.WithCancel(ctx)
	cancel()
	gfs := flag.NewFlagSet("tributary", flag.ContinueOnError)
	(&env{}).globalFlags(gfs)
	var buf bytes.Buffer
	gfs.SetOutput(&buf)
	gfs.PrintDefaults()
	spec := compSpec{global: parseDefaults(buf.String())}
	isGlobal := func(f flagInfo) bool {
		return slices.ContainsFunc(spec.global, func(g flagInfo) bool { return g.name == f.name })
	}
	for _, c := range commands() {
		var out bytes.Buffer
		e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: io.Discard}
		_ = c.run(ctx, e, []string{"--help"})
		help := out.String()
		var flags []flagInfo
		if i := strings.Index(help, "\nFlags:\n"); i >= 0 {
			rest := help[i+len("\nFlags:\n"):]
			if j := strings.Index(rest, "\nExamples:"); j >= 0 {
				rest = rest[:j]
			}
			flags = slices.DeleteFunc(parseDefaults(rest), isGlobal)
		}
		spec.cmds = append(spec.cmds, cmdInfo{name: c.name, summary: c.summary, flags: flags, args: positional[c.name]})
	}
	spec.cmds = append(spec.cmds, cmdInfo{name: "help", summary: "show help for a command", args: "commands"})
	return spec
}

// parseDefaults reads the flag list flag.PrintDefaults writes:
//
//	-name type
//	    	usage
//	-b	usage of a one-letter boolean
func parseDefaults(s string) []flagInfo {
	var out []flagInfo
	for _, line := range strings.Split(s, "\n") {
		if !strings.HasPrefix(line, "  -") {
			if len(out) > 0 && strings.HasPrefix(line, "    \t") && out[len(out)-1].usage == "" {
				out[len(out)-1].usage = strings.TrimSpace(line)
			}
			continue
		}
		line = line[3:]
		var f flagInfo
		head, usage, _ := strings.Cut(line, "\t")
		name, typ, _ := strings.Cut(head, " ")
		f.name, f.value, f.usage = name, strings.TrimSpace(typ) != "", strings.TrimSpace(usage)
		if f.name != "" {
			out = append(out, f)
		}
	}
	return out
}

func flagNames(flags []flagInfo) string {
	var s []string
	for _, f := range flags {
		s = append(s, f.dashed())
	}
	return strings.Join(s, " ")
}

// orNone keeps a case pattern valid when there is nothing to match.
func orNone(pattern string) string {
	if pattern == "" {
		return "--no-such-flag--"
	}
	return pattern
}

// shq quotes s for a POSIX shell (and zsh, and fish).
func shq(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func (sp compSpec) commandNames() string {
	var s []string
	for _, c := range sp.cmds {
		s = append(s, c.name)
	}
	return strings.Join(s, " ")
}

func (sp compSpec) valueFlags(file bool) string {
	var s []string
	seen := map[string]bool{}
	all := slices.Clone(sp.global)
	for _, c := range sp.cmds {
		all = append(all, c.flags...)
	}
	for _, f := range all {
		if f.value && slices.Contains(fileFlags, f.name) == file && !seen[f.name] {
			seen[f.name] = true
			s = append(s, "-"+f.name)
			if len(f.name) > 1 {
				s = append(s, "--"+f.name)
			}
		}
	}
	return strings.Join(s, "|")
}

func writeBash(w io.Writer, sp compSpec) {
	fmt.Fprintf(w, `# bash completion for tributary. Load it with
#   source <(tributary completion bash)
# or save it as /etc/bash_completion.d/tributary.
_tributary() {
    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"
    local cmd="" i config=() flags=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "${COMP_WORDS[i]}" in
            -c|-config|--config) config=(-c "${COMP_WORDS[i+1]}"); ((i++)) ;;
            -*) ;;
            *) cmd="${COMP_WORDS[i]}"; break ;;
        esac
    done
    case "$prev" in
        %s) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        %s) COMPREPLY=(); return ;;
    esac
    if [[ -z "$cmd" ]]; then
        COMPREPLY=($(compgen -W %s -- "$cur"))
        return
    fi
    case "$cmd" in
`, orNone(sp.valueFlags(true)), orNone(sp.valueFlags(false)), shq(sp.commandNames()+" "+flagNames(sp.global)))
	for _, c := range sp.cmds {
		fmt.Fprintf(w, "        %s) flags=%s ;;\n", c.name, shq(flagNames(append(slices.Clone(c.flags), sp.global...))))
	}
	fmt.Fprintf(w, `    esac
    if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$flags" -- "$cur"))
        return
    fi
    case "$cmd" in
`)
	for _, kind := range []string{"sources", "files", "commands", "shells"} {
		var cmds []string
		for _, c := range sp.cmds {
			if c.args == kind {
				cmds = append(cmds, c.name)
			}
		}
		if len(cmds) == 0 {
			continue
		}
		var reply string
		switch kind {
		case "sources":
			reply = `$(compgen -W "$("${COMP_WORDS[0]}" "${config[@]}" sources --names 2>/dev/null)" -- "$cur")`
		case "files":
			reply = `$(compgen -f -- "$cur")`
		case "commands":
			reply = `$(compgen -W ` + shq(sp.commandNames()) + ` -- "$cur")`
		case "shells":
			reply = `$(compgen -W 'bash zsh fish' -- "$cur")`
		}
		fmt.Fprintf(w, "        %s) COMPREPLY=(%s) ;;\n", strings.Join(cmds, "|"), reply)
	}
	fmt.Fprint(w, `    esac
}
complete -o filenames -F _tributary tributary
`)
}

func writeZsh(w io.Writer, sp compSpec) {
	zflag := func(f flagInfo) string {
		return shq(strings.ReplaceAll(f.dashed(), ":", `\:`) + ":" + f.usage)
	}
	fmt.Fprint(w, `#compdef tributary
# zsh completion for tributary. Load it with
#   source <(tributary completion zsh)
# or save it as _tributary in a directory on $fpath.
_tributary() {
    local -a commands flags
    commands=(
`)
	for _, c := range sp.cmds {
		fmt.Fprintf(w, "        %s\n", shq(c.name+":"+c.summary))
	}
	fmt.Fprint(w, `    )
    local cmd="" i
    local -a config
    for ((i = 2; i < CURRENT; i++)); do
        case $words[i] in
            -c|-config|--config) config=(-c $words[i+1]); ((i++)) ;;
            -*) ;;
            *) cmd=$words[i]; break ;;
        esac
    done
    case $words[CURRENT-1] in
`)
	fmt.Fprintf(w, "        %s) _files; return ;;\n", orNone(sp.valueFlags(true)))
	fmt.Fprintf(w, "        %s) return ;;\n", orNone(sp.valueFlags(false)))
	fmt.Fprint(w, "    esac\n    case $cmd in\n")
	for _, c := range append(sp.cmds, cmdInfo{name: `""`}) {
		fmt.Fprintf(w, "        %s) flags=(", c.name)
		for _, f := range c.flags {
			fmt.Fprintf(w, "\n            %s", zflag(f))
		}
		for _, f := range sp.global {
			fmt.Fprintf(w, "\n            %s", zflag(f))
		}
		fmt.Fprint(w, "\n        ) ;;\n")
	}
	fmt.Fprint(w, `    esac
    if [[ $PREFIX == -* ]]; then
        _describe -t flags 'flag' flags
        return
    fi
    if [[ -z $cmd ]]; then
        _describe -t commands 'tributary command' commands
        return
    fi
    case $cmd in
`)
	for _, c := range sp.cmds {
		switch c.args {
		case "sources":
			fmt.Fprintf(w, "        %s) local -a srcs; srcs=(${(f)\"$($words[1] $config sources --names 2>/dev/null)\"}); _describe -t sources 'source' srcs ;;\n", c.name)
		case "files":
			fmt.Fprintf(w, "        %s) _files ;;\n", c.name)
		case "commands":
			fmt.Fprintf(w, "        %s) _describe -t commands 'tributary command' commands ;;\n", c.name)
		case "shells":
			fmt.Fprintf(w, "        %s) local -a shells; shells=(bash zsh fish); _describe -t shells 'shell' shells ;;\n", c.name)
		}
	}
	fmt.Fprint(w, `    esac
}
if [[ "${funcstack[1]}" == "_tributary" ]]; then
    _tributary "$@"
else
    compdef _tributary tributary
fi
`)
}

func writeFish(w io.Writer, sp compSpec) {
	fmt.Fprint(w, `# fish completion for tributary. Load it with
#   tributary completion fish | source
# or save it as ~/.config/fish/completions/tributary.fish.
complete -c tributary -f
function __tributary_sources
    set -l cmd (commandline -opc)
    command -q $cmd[1]; or return
    $cmd[1] sources --names 2>/dev/null
end
`)
	fishFlag := func(cond string, f flagInfo) {
		opt := "-l " + f.name
		if len(f.name) == 1 {
			opt = "-s " + f.name
		}
		if f.value {
			opt += " -r"
			if slices.Contains(fileFlags, f.name) {
				opt += " -F"
			}
		}
		if cond != "" {
			cond = " -n " + shq(cond)
		}
		fmt.Fprintf(w, "complete -c tributary%s %s -d %s\n", cond, opt, shq(f.usage))
	}
	for _, f := range sp.global {
		fishFlag("", f)
	}
	for _, c := range sp.cmds {
		fmt.Fprintf(w, "complete -c tributary -n __fish_use_subcommand -a %s -d %s\n", c.name, shq(c.summary))
	}
	for _, c := range sp.cmds {
		cond := "__fish_seen_subcommand_from " + c.name
		for _, f := range c.flags {
			fishFlag(cond, f)
		}
		switch c.args {
		case "sources":
			// The same binary the user is typing, so ./tributary works too.
			fmt.Fprintf(w, "complete -c tributary -n %s -a '(__tributary_sources)'\n", shq(cond))
		case "files":
			fmt.Fprintf(w, "complete -c tributary -n %s -F\n", shq(cond))
		case "commands":
			fmt.Fprintf(w, "complete -c tributary -n %s -a %s\n", shq(cond), shq(sp.commandNames()))
		case "shells":
			fmt.Fprintf(w, "complete -c tributary -n %s -a 'bash zsh fish'\n", shq(cond))
		}
	}
}
