package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tributary/tributary/internal/config"
	"github.com/tributary/tributary/internal/dburl"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// env is what every subcommand gets: the standard streams and the global
// options.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	configPath     string
	verbose        bool
	quiet          bool
	logFormat      string // auto (the default), text or json

	// Test hooks for serve: a stand-in for SIGHUP, and a callback with
	// the address actually listened on (tests listen on port 0).
	hangup    <-chan os.Signal
	listening func(addr string)
}

type command struct {
	name    string
	summary string
	usage   string // arguments after the command name
	example string
	run     func(ctx context.Context, e *env, args []string) error
}

func commands() []command {
	return []command{
		{"run", "run one cycle: fetch due sources, store, de-duplicate, publish", "[--all] [-v] [SOURCE...]",
			"tributary run\ntributary run --all -v", cmdRun},
		{"inspect", "show what Tributary reads from one feed, page or file", "[--json] [--base URL] [--dupes] [--explain] FILE|URL",
			"tributary inspect seeds/001_be754e4c41323dda.txt\ntributary inspect --json https://example.org/feed\ntributary inspect --dupes\ntributary inspect --explain saved/article.txt", cmdInspect},
		{"check", "validate the config and print the effective settings", "[--probe]",
			"tributary check\ntributary -c my.yaml check --probe", cmdCheck},
		{"add", "add a feed, a site (its feed is discovered) or local files to the config", "[--name N] [--interval D] [--title T] [--tag T]... [--no-fetch] URL|PATH",
			"tributary add https://example.org/\ntributary add --name notes --interval 6h https://example.org/feed.xml\ntributary add --tag essays 'saved/*.md'", cmdAdd},
		{"remove", "remove a source from the config; --purge also deletes its entries", "[--purge] NAME|URL",
			"tributary remove example\ntributary remove --purge https://example.org/feed.xml", cmdRemove},
		{"prune", "apply the retention rules now: delete old entries the outputs no longer show", "[--dry-run]",
			"tributary prune --dry-run\ntributary prune", cmdPrune},
		{"sources", "list the sources with their health, entries and next fetch", "[--json] [--names]",
			"tributary sources\ntributary sources --json", cmdSources},
		{"import", "add the feeds of an OPML subscription list (folders become tags)", "[--dry-run] FILE.opml|-",
			"tributary import --dry-run feedly.opml\ntributary import subscriptions.opml", cmdImport},
		{"export", "print the sources as an OPML 2.0 subscription list", "",
			"tributary export > subscriptions.opml", cmdExport},
		{"completion", "print a shell completion script", "bash|zsh|fish",
			"source <(tributary completion bash)\ntributary completion fish > ~/.config/fish/completions/tributary.fish", cmdCompletion},
		{"db", "copy the database into a new one, on PostgreSQL or SQLite", "copy --to URL|PATH",
			"tributary db copy --to postgres://tributary@db.example/tributary\ntributary db copy --to data/tributary-copy.db", cmdDB},
		{"serve", "run as a daemon: fetch sources when due and serve the outputs over HTTP", "[--addr HOST:PORT]",
			"tributary serve\ntributary serve --addr 127.0.0.1:9090\nkill -HUP $(pidof tributary)   # reload the config", cmdServe},
		{"version", "print the version", "", "tributary version", cmdVersion},
	}
}

// run parses global flags and dispatches to a subcommand.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return runEnv(ctx, &env{stdin: stdin, stdout: stdout, stderr: stderr}, args)
}

// runEnv is run with the environment prepared by the caller (tests set the
// hooks).
func runEnv(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("tributary", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	e.globalFlags(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printHelp(e.stdout)
			return nil
		}
		return usageError("%v (see 'tributary help')", err)
	}
	if err := e.checkLogFormat(); err != nil {
		return err
	}
	rest := fs.Args()
	if len(rest) == 0 {
		printHelp(e.stderr)
		return usageError("no command given")
	}
	name, cmdArgs := rest[0], rest[1:]
	if name == "help" {
		if len(cmdArgs) > 0 {
			if c, ok := lookup(cmdArgs[0]); ok {
				printCommandHelp(e.stdout, c, nil)
				return nil
			}
		}
		printHelp(e.stdout)
		return nil
	}
	c, ok := lookup(name)
	if !ok {
		return usageError("unknown command %q (see 'tributary help')", name)
	}
	err := c.run(ctx, e, cmdArgs)
	var ex *exitError
	if errors.As(err, &ex) && ex.code == 0 {
		return nil
	}
	return err
}

func lookup(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func (e *env) globalFlags(fs *flag.FlagSet) {
	fs.StringVar(&e.configPath, "c", e.configPath, "config file")
	fs.StringVar(&e.configPath, "config", e.configPath, "config file")
	fs.BoolVar(&e.verbose, "v", e.verbose, "log detail")
	fs.BoolVar(&e.verbose, "verbose", e.verbose, "log detail")
	fs.BoolVar(&e.quiet, "q", e.quiet, "print only warnings and errors")
	fs.StringVar(&e.logFormat, "log-format", e.logFormat, "log format: auto (for people on a terminal, logfmt otherwise), text (logfmt) or json")
}

// parseFlags parses a subcommand's flags, accepting the global ones too and
// flags after positional arguments.
func (e *env) parseFlags(c command, fs *flag.FlagSet, args []string) ([]string, error) {
	e.globalFlags(fs)
	fs.SetOutput(io.Discard)
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				printCommandHelp(e.stdout, c, fs)
				return nil, &exitError{code: 0}
			}
			return nil, usageError("%s: %v (see 'tributary %s --help')", c.name, err, c.name)
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, e.checkLogFormat()
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// databaseEnv names the variable that overrides the config's database:.
const databaseEnv = "TRIBUTARY_DATABASE"

// loadConfig reads the config named by -c, else $TRIBUTARY_CONFIG, else the
// default path. A bad config is a usage error (exit 2).
func (e *env) loadConfig() (*config.Config, error) {
	path := e.configPath
	if path == "" {
		path = os.Getenv("TRIBUTARY_CONFIG")
	}
	if path == "" {
		path = config.DefaultPath
	}
	cfg, err := config.Load(path)
	if err != nil {
		return nil, &exitError{code: exitUsage, msg: err.Error()}
	}
	// The database can come from the environment, so that a password
	// need not sit in the config file (and one config can serve hosts
	// with different databases).
	if v := os.Getenv(databaseEnv); v != "" {
		if err := dburl.Check(v); err != nil {
			return nil, &exitError{code: exitUsage, msg: fmt.Sprintf("%s: %v", databaseEnv, err)}
		}
		cfg.Database = v
	}
	return cfg, nil
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "Tributary merges many feeds and saved pages into one Atom feed.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: tributary [-c FILE] [-v] COMMAND [ARGS]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-11s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "  help        show help for a command: tributary help run")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Global flags: -c, --config FILE (default $TRIBUTARY_CONFIG or config/tributary.yaml);")
	fmt.Fprintln(w, "              -v, --verbose; -q (warnings and errors only);")
	fmt.Fprintln(w, "              --log-format auto|text|json (default auto: for people on a terminal, logfmt otherwise)")
	fmt.Fprintln(w, "Environment: TRIBUTARY_DATABASE overrides the config's database: (a SQLite path or a postgres:// URL).")
	fmt.Fprintln(w, "Exit codes: 0 ok, 1 failed, 2 bad usage or config, 3 another run holds the lock.")
}

func printCommandHelp(w io.Writer, c command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: tributary %s %s\n\n%s.\n", c.name, c.usage, strings.ToUpper(c.summary[:1])+c.summary[1:])
	if fs != nil {
		fmt.Fprintln(w, "\nFlags:")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
	if c.example != "" {
		fmt.Fprintln(w, "\nExamples:")
		for _, l := range strings.Split(c.example, "\n") {
			fmt.Fprintln(w, "  "+l)
		}
	}
}
