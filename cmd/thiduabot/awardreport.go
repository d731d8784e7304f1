package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/thiduabot/thiduabot/awards"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/store"
)

// runAwardReport drafts a unit's achievement report for an award as DOCX:
// to -o FILE, or to stdout. The award defaults to the one the chair proposed
// the unit for, else the cluster's first. It only reads the store, and goes
// through the running bot when that holds the embedded store.
func runAwardReport(ctx context.Context, e *env, args []string) int {
	var s settings
	fs := newFlags(e, "award-report", "award-report --unit ID [--year NĂM] [--award ID] [-o TỆP.docx]")
	s.addConfigFlag(e, fs)
	s.addStoreFlags(e, fs)
	s.addTZFlag(e, fs)
	unit := fs.String("unit", "", "id đơn vị / unit id (bắt buộc)")
	yearFlag := fs.String("year", "", "năm bình xét; mặc định năm hiện tại / the season's year")
	awardID := fs.String("award", "", "id hình thức khen thưởng trong awards.yaml / award id")
	out := fs.String("o", "", "tệp DOCX cần ghi; bỏ trống thì ghi ra stdout / output file")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 || *unit == "" {
		fmt.Fprintln(e.stderr, msg.AwardReportCLIUsage)
		return 2
	}
	if *out == "" && writesToTerminal(e.stdout) {
		// A Word file is binary: on a terminal it is garbage.
		fmt.Fprintln(e.stderr, msg.AwardReportCLITerminal)
		return 2
	}
	cfg, ok := s.configOrReport(e, "award-report")
	if !ok {
		return 1
	}
	if cfg.Awards == nil {
		fmt.Fprintln(e.stderr, msg.AwardCLINoAwards)
		return 1
	}
	_, cl, ok := cfg.Org.Unit(*unit)
	if !ok {
		fmt.Fprintln(e.stderr, fmt.Sprintf(msg.AwardReportCLIUnit, *unit))
		return 2
	}
	var ids []string
	for _, a := range cfg.Awards.For(cl.ID) {
		ids = append(ids, a.ID)
	}
	if *awardID != "" && !contains(ids, *awardID) {
		fmt.Fprintln(e.stderr, fmt.Sprintf(msg.AwardReportCLIAward, *awardID, strings.Join(ids, ", ")))
		return 2
	}
	loc, err := s.location()
	if err != nil {
		fmt.Fprintf(e.stderr, "thiduabot award-report: %v\n", err)
		return 2
	}
	year := awards.SeasonOf(e.clock.Now().In(loc)) // last year in January and February
	if *yearFlag != "" {
		if year, err = strconv.Atoi(*yearFlag); err != nil || year < 2000 || year > 2100 {
			fmt.Fprintln(e.stderr, fmt.Sprintf(msg.AwardCLIBadYear, *yearFlag))
			return 2
		}
	}
	// The DOCX goes to a buffer first, so that a failure leaves no half file.
	var buf bytes.Buffer
	remote := func() ([]string, io.Reader, io.Writer) {
		ra := []string{"award-report", "--unit", *unit, "--year", strconv.Itoa(year)}
		if s.configDir != "" {
			ra = append(ra, "--config", s.configDir)
		}
		if *awardID != "" {
			ra = append(ra, "--award", *awardID)
		}
		return ra, nil, &buf
	}
	var awardName string
	code := withStore(ctx, e, &s, remote, func(kv store.KV) int {
		src := awardSource(cfg, kv, e)
		id := *awardID
		if id == "" {
			a, err := cfg.Awards.AwardFor(ctx, kv, cl.ID, *unit, year)
			if err != nil {
				fmt.Fprintf(e.stderr, "thiduabot award-report: %v\n", err)
				return 1
			}
			id = a.ID
		}
		d, err := cfg.Awards.LoadReport(ctx, src, *unit, year, id)
		switch {
		case errors.Is(err, awards.ErrNoTable):
			fmt.Fprintln(e.stderr, fmt.Sprintf(msg.AwardCLINoTable, cl.ID, year))
			return 1
		case err != nil:
			fmt.Fprintf(e.stderr, "thiduabot award-report: %v\n", err)
			return 1
		}
		awardName = d.Award.Name
		if _, err := d.Document().WriteTo(&buf); err != nil {
			fmt.Fprintf(e.stderr, "thiduabot award-report: %v\n", err)
			return 1
		}
		return 0
	})
	if code != 0 {
		return code
	}
	if *out == "" || *out == "-" {
		if _, err := e.stdout.Write(buf.Bytes()); err != nil {
			fmt.Fprintf(e.stderr, "thiduabot award-report: %v\n", err)
			return 1
		}
		return 0
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		fmt.Fprintf(e.stderr, "thiduabot award-report: %v\n", err)
		return 1
	}
	if awardName != "" { // empty when the running bot made it
		fmt.Fprintln(e.stderr, fmt.Sprintf(msg.AwardReportCLIWritten, *out, awardName))
	}
	return 0
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// writesToTerminal says whether w is a terminal (a character device).
func writesToTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
