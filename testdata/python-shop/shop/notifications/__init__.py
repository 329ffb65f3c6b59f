from .email import send_alert

__all__ = ["send_alert"]
