package regulations
import ("testing";"fmt")
func TestDebugTitles(t *testing.T){
	ix := builtinIndex(t)
	for _, d := range ix.lib.docs { for i := range d.Articles { a := &d.Articles[i]; ts, def := ix.an.titleKeys(a.Title); if len(ts)>0 { fmt.Printf("%v %v %s Điều %s %q\n", def, ts, d.ID(), a.Number, a.Title) } } }
}
