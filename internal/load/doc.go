// Package load holds the side-by-side load benchmarks of issue 14: the
// deadline-day burst through the webhook handlers of one or two bot
// replicas (embedded store, one replica on Redis, two replicas on Redis),
// with the test Bot API server receiving the replies.
//
//	THIDUA_TEST_REDIS_URL=redis://127.0.0.1:6379/0 go test -run '^$' -bench . -benchtime 1x ./internal/load/
//
// THIDUA_LOAD_USERS (default 1000) and THIDUA_LOAD_SPEEDUP (default 10: the
// 10-minute burst in 1 minute) scale the run.
package load
