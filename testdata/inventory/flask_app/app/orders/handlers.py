def export_orders():
    return ""
