; Python imports. Captures:
;   @import.module   a module named by `import a.b.c` (or `import a.b as c`)
;   @from            the whole `from … import …` statement; its `module_name`
;                    and `name` fields are read by src/code/python.rs
;   @dynamic         the literal argument of importlib.import_module / __import__

(import_statement
  name: [
    (dotted_name) @import.module
    (aliased_import name: (dotted_name) @import.module)
  ])

(import_from_statement) @from

(call
  function: [
    (identifier) @_fn
    (attribute attribute: (identifier) @_fn)
  ]
  arguments: (argument_list . (string) @dynamic)
  (#any-of? @_fn "import_module" "__import__"))
