package main

import (
	"bytes"
	"context"
	"fmt"
	"os"

	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/scoring/scorecli"
)

// runScore scores one cluster for one period from a values file (CSV or
// XLSX): a text ranking, --json (the same shape as rank --json) or an Excel
// workbook with --xlsx. Bad rows are listed with their lines, exit 1.
func runScore(ctx context.Context, e *env, args []string) int {
	var s settings
	fs := newFlags(e, "score", "score --config DIR --values FILE --period KỲ [--cluster ID] [--json | --xlsx OUT]")
	s.addConfigFlag(e, fs)
	values := fs.String("values", "", "tệp số liệu CSV hoặc XLSX (unit,criterion,month,value) / values file")
	period := fs.String("period", "", "kỳ như rank --period: 2026-06, 6/2026, quý 2/2026, 6 tháng đầu năm 2026, năm 2026, tháng trước, năm nay (lũy kế từ đầu năm) / period")
	cluster := fs.String("cluster", "", msg.CLIFlagCluster)
	asJSON := fs.Bool("json", false, "in kết quả dạng JSON / print JSON")
	xlsxOut := fs.String("xlsx", "", "ghi bảng điểm ra tệp Excel / write an Excel workbook")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *values == "" || *period == "" || fs.NArg() > 0 || (*asJSON && *xlsxOut != "") {
		fmt.Fprintln(e.stderr, msg.ScoreUsage)
		return 2
	}
	cfg, ok := s.configOrReport(e, "score")
	if !ok {
		return 1
	}
	data, err := os.ReadFile(*values)
	if err != nil {
		fmt.Fprintf(e.stderr, "thiduabot score: %v\n", err)
		return 1
	}
	loc, err := s.location()
	if err != nil {
		fmt.Fprintf(e.stderr, "thiduabot score: %v\n", err)
		return 2
	}
	t := e.clock.Now().In(loc)
	o := scorecli.Options{ValuesName: *values, Values: data, Period: *period, Now: scoring.Period{Year: t.Year(), Month: t.Month()}, Cluster: *cluster, JSON: *asJSON}
	var book bytes.Buffer
	if *xlsxOut != "" {
		o.XLSX = &book
	}
	code := scorecli.Run(cfg, o, e.stdout, e.stderr)
	if code == scorecli.OK && *xlsxOut != "" {
		if err := os.WriteFile(*xlsxOut, book.Bytes(), 0o644); err != nil {
			fmt.Fprintf(e.stderr, "thiduabot score: %v\n", err)
			return 1
		}
		fmt.Fprintln(e.stdout, fmt.Sprintf(msg.ScoreWrote, *xlsxOut))
	}
	return code
}
