; Ruby dependencies. Captures:
;   @require / @require_relative   the literal path of a require
;   @assoc.macro, @assoc.name       has_many :orders (options read in src/code/ruby.rs)
;   @constant, @scoped              constant references (filtered and scoped in Rust)

(call
  method: (identifier) @_m
  arguments: (argument_list . (string (string_content) @require))
  (#eq? @_m "require"))

(call
  method: (identifier) @_m
  arguments: (argument_list . (string (string_content) @require_relative))
  (#eq? @_m "require_relative"))

(call
  method: (identifier) @assoc.macro
  arguments: (argument_list . (simple_symbol) @assoc.name)
  (#any-of? @assoc.macro "has_many" "has_one" "belongs_to" "has_and_belongs_to_many")) @assoc

(constant) @constant
(scope_resolution) @scoped
