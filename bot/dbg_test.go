package bot

import "fmt"

func (a *activity) debug() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	s := fmt.Sprintf("n=%d now=%v", a.n, a.clock.Now())
	for t := range a.parked {
		s += " parked-until=" + t.String()
	}
	return s
}
