// Package faulttest is the fault harness of issue 14: it builds the real
// thiduabot binary (with -tags faultswitch, which adds a shiftable clock,
// crash points and invariant-breaking switches, none of them in a normal
// build), runs it against the in-repo Bot API server with simulated focal
// points, chairs and an administrator, kills it, stops its Redis, makes the
// Bot API fail and jumps its clock, and checks after every run that no
// acknowledged submission was lost or changed, that every stored revision
// was acknowledged, that no side effect happened twice and that every
// interrupted conversation can be continued with /baocao.
//
// It runs only with THIDUA_FAULT=1 (see docs/reliability.md and .ci/run);
// the package holds no production code.
package faulttest
