package redisstore_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"testing"

	"github.com/thiduabot/thiduabot/internal/redistest"
	"github.com/thiduabot/thiduabot/redisstore"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/store/storetest"
)

// TestTxnTwoClients runs the contract's concurrent increments through two
// separate clients (two connection pools) of one store.
func TestTxnTwoClients(t *testing.T) {
	url := redistest.URL(t)
	prefix := redistest.Prefix(t, url)
	a := open(t, url, redisstore.WithPrefix(prefix))
	b := open(t, url, redisstore.WithPrefix(prefix))
	storetest.TxnIncrements(t, []store.KV{a, b}, 20, 4)
}

const (
	envIncURL    = "REDISSTORE_INC_URL"
	envIncPrefix = "REDISSTORE_INC_PREFIX"
	envIncCount  = "REDISSTORE_INC_COUNT"
)

// TestTxnTwoProcesses increments two counters in transactions from this
// process and from a child process at the same time: no increment is lost
// and the counters never drift apart.
func TestTxnTwoProcesses(t *testing.T) {
	url := redistest.URL(t)
	prefix := redistest.Prefix(t, url)
	db := open(t, url, redisstore.WithPrefix(prefix))
	const each = 150
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperIncrementer$")
	cmd.Env = append(os.Environ(), envIncURL+"="+url, envIncPrefix+"="+prefix, envIncCount+"="+strconv.Itoa(each))
	var out bytes.Buffer // written by exec's copier, read after Wait
	cmd.Stderr = &out
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Start together: the child says when it is connected.
	sc := bufio.NewScanner(stdout)
	if !sc.Scan() || sc.Text() != "READY" {
		cmd.Wait()
		t.Fatalf("child process did not start: %q\n%s", sc.Text(), out.String())
	}
	var childOut bytes.Buffer
	copied := make(chan struct{})
	go func() { io.Copy(&childOut, stdout); close(copied) }()
	ctx := context.Background()
	for range each {
		if err := storetest.IncrementTwo(ctx, db); err != nil {
			t.Fatal(err)
		}
	}
	<-copied // before Wait, which closes the pipe
	if err := cmd.Wait(); err != nil {
		t.Fatalf("child process: %v\n%s%s", err, childOut.String(), out.String())
	}
	for _, b := range []string{"counters", "counters2"} {
		v, err := db.Get(ctx, b, "c")
		if err != nil || string(v) != strconv.Itoa(2*each) {
			t.Errorf("%s = %q, %v; want %d", b, v, err, 2*each)
		}
	}
}

// TestHelperIncrementer is the child of TestTxnTwoProcesses.
func TestHelperIncrementer(t *testing.T) {
	url := os.Getenv(envIncURL)
	if url == "" {
		t.Skip("helper process for TestTxnTwoProcesses")
	}
	n, err := strconv.Atoi(os.Getenv(envIncCount))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db, err := redisstore.Open(ctx, url, redisstore.WithPrefix(os.Getenv(envIncPrefix)))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fmt.Println("READY")
	for range n {
		if err := storetest.IncrementTwo(ctx, db); err != nil {
			t.Fatal(err)
		}
	}
}
