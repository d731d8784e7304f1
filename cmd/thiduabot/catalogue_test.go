package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"testing"
	"unicode"
)

// TestCLITextsInCatalogue: the rank, invite and export subcommands (export.go
// holds import too) say nothing of their own: every Vietnamese text, flag
// help included, is in msg/, where the catalogue's tests read it.
func TestCLITextsInCatalogue(t *testing.T) {
	fset := token.NewFileSet()
	for _, name := range []string{"rank.go", "invite.go", "export.go"} {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range s {
				if r > unicode.MaxASCII && unicode.IsLetter(r) {
					t.Errorf("%s: text outside msg/: %s", fset.Position(lit.Pos()), lit.Value)
					break
				}
			}
			return true
		})
	}
}
