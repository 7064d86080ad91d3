import uvicorn

from myapp.config import settings


def main() -> None:
    uvicorn.run("myapp.main:app", port=settings.port)


if __name__ == "__main__":
    main()
