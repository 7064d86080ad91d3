from fastapi import APIRouter, File, UploadFile
from multipart.multipart import parse_options_header

from app.services.images import thumbnail

router = APIRouter()


@router.post("/images")
async def upload(file: UploadFile = File(...)) -> dict[str, int]:
    content_type, _ = parse_options_header(file.content_type or "")
    return {"size": len(thumbnail(await file.read())), "typed": int(bool(content_type))}
