AUTH_USER_MODEL = "auth.User"
