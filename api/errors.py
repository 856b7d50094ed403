"""Engine errors as HTTP answers: 404 unknown, 409 stale, 422 invalid, 400 bad process,
500 with the reason when the process itself cannot continue (never a stack trace)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from engine.errors import Conflict, InvalidData, InvalidProcess, NotFound, StepFailed


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(NotFound)
    async def not_found(_request: Request, error: NotFound) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=404)

    @app.exception_handler(Conflict)
    async def conflict(_request: Request, error: Conflict) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=409)

    @app.exception_handler(InvalidData)
    async def invalid_data(_request: Request, error: InvalidData) -> JSONResponse:
        detail = [{"loc": list(e.loc), "msg": e.msg, "type": e.type} for e in error.errors]
        return JSONResponse({"detail": detail}, status_code=422)

    @app.exception_handler(StepFailed)
    async def step_failed(_request: Request, error: StepFailed) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=500)

    @app.exception_handler(InvalidProcess)
    async def invalid_process(_request: Request, error: InvalidProcess) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=400)
