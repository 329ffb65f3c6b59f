from fastapi import APIRouter

router = APIRouter(prefix="/users")


@router.delete("/{user_id}")
async def delete_user(user_id: int):
    return None
