import uvicorn

from appname.bootstrap import build_app

if __name__ == "__main__":
    uvicorn.run(build_app())
