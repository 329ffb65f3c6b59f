from fastapi import FastAPI

from .routers import items
from .routers.users import router as users_router

app = FastAPI()
app.include_router(items.router, prefix="/v1")
app.include_router(users_router, prefix="/v1")


@app.get("/health")
async def health():
    return {"ok": True}


@app.websocket("/ws")
async def ws(websocket):
    return None
