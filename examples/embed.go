// Package examples embeds the built-in demo configuration (examples/bhxh-demo),
// which `thiduabot run` falls back to, with a loud warning, when no config
// folder exists, so that a newcomer can try the bot without writing any YAML.
package examples

import (
	"embed"
	"io/fs"
)

//go:embed bhxh-demo
var files embed.FS

// Demo returns the demo config folder as a file system rooted at the folder.
func Demo() fs.FS {
	sub, err := fs.Sub(files, "bhxh-demo")
	if err != nil {
		panic(err) // the embedded path is fixed at compile time
	}
	return sub
}
