; JavaScript imports. Captures:
;   @import    import … from 'x' / import 'x'
;   @reexport  export … from 'x'
;   @require   require('x')
;   @dynamic   import('x')
;   @source    the literal specifier

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
