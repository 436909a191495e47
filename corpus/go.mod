// corpus/ is not Go code. This go.mod makes it a module of its own so that `./...` in the
// main module never walks into the generators' node_modules (some npm packages ship .go files).
module github.com/preloadgen/preloadgen/corpus

go 1.26
