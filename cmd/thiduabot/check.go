package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/thiduabot/thiduabot/configfile"
)

// runCheck validates a config folder: every problem as file:line, exit 1;
// a one-line summary and exit 0 when clean.
func runCheck(ctx context.Context, e *env, args []string) int {
	var s settings
	fs := newFlags(e, "check", "check [DIR]   (mặc định: THIDUA_CONFIG, ./config, hoặc cấu hình mẫu)")
	s.addConfigFlag(e, fs)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	switch fs.NArg() {
	case 0:
	case 1:
		s.configDir = fs.Arg(0)
	default:
		fs.Usage()
		return 2
	}
	c, err := s.loadConfig(e)
	if err != nil {
		var ps configfile.Problems
		if errors.As(err, &ps) {
			for _, p := range ps {
				fmt.Fprintln(e.stdout, p.String())
			}
			fmt.Fprintf(e.stdout, "Có %d lỗi cần sửa trong cấu hình.\n", len(ps))
			return 1
		}
		fmt.Fprintf(e.stderr, "thiduabot check: %v\n", err)
		return 1
	}
	fmt.Fprintln(e.stdout, c.Summary())
	return 0
}
