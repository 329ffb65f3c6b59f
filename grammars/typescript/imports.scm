; TypeScript/TSX imports: the JavaScript forms plus `import x = require('y')`.
; Captures as in grammars/javascript/imports.scm.

(import_statement
  source: (string (string_fragment) @source)) @import

(export_statement
  source: (string (string_fragment) @source)) @reexport

(call_expression
  function: (identifier) @_req
  arguments: (arguments . (string (string_fragment) @source))
  (#eq? @_req "require")) @require

(call_expression
  function: (import)
  arguments: (arguments . (string (string_fragment) @source))) @dynamic

(import_require_clause
  source: (string (string_fragment) @source)) @require
