// Package archtest guards the architecture: domain packages speak their own
// language and never depend on a storage driver or on Telegram, so that they
// stay testable without either and an adapter can be swapped.
package archtest

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/thiduabot/thiduabot/"

var domain = []string{"org", "scoring", "submissions", "reminders", "regulations", "rankhistory", "awards", "docx", "sector", "exemplars", "covenants", "store", "configfile", "clock", "vi", "msg"}

var forbidden = []string{
	"github.com/redis/",
	"go.etcd.io/bbolt",
	"github.com/go-telegram/",
	module + "bot",
	module + "boltstore",
	module + "redisstore",
	module + "telegramtest",
}

func TestDomainImportsNoAdapters(t *testing.T) {
	for _, pkg := range domain {
		t.Run(pkg, func(t *testing.T) {
			out, err := exec.Command("go", "list", "-deps", module+pkg+"/...").CombinedOutput()
			if err != nil {
				t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
			}
			for _, dep := range strings.Fields(string(out)) {
				for _, bad := range forbidden {
					if strings.HasPrefix(dep, bad) {
						t.Errorf("domain package %s depends on %s; only adapters and cmd/ may", pkg, dep)
					}
				}
			}
		})
	}
}
