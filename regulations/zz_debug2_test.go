package regulations

import (
	"fmt"
	"testing"
)

func TestDebugRecall(t *testing.T) {
	ix := builtinIndex(t)
	ix.Threshold = 0
	dev, _ := split(loadEvalFile(t, "testdata/eval_real.yaml"))
	_, tab := table("dev-nocut", runEval(ix, dev))
	fmt.Println(tab)
	_, tab = table("eval.yaml-nocut", runEval(ix, loadEval(t)))
	fmt.Println(tab)
}
