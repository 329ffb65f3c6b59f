def render(name, context):
    return f"{name}: {context}"
