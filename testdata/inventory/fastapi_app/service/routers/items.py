from fastapi import APIRouter

router = APIRouter(prefix="/items", tags=["items"])


@router.get("/")
async def read_items():
    return []


@router.put("/{item_id}")
async def update_item(item_id: str):
    return {}


@router.api_route("/{item_id}/sync", methods=["POST", "PATCH"])
async def sync_item(item_id: str):
    return {}
