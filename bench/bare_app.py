"""The yardstick for the API and pages benchmarks: Flask answering a constant, under the same gunicorn.

It reads the posted JSON as the API does, so what it measures is the server and the framework;
what the API adds on top (checking the answers, the engine, saving, headers, logs) is the difference.
For pages, any GET gets a constant HTML page of about the size of the app's start page.
"""
from flask import Flask, jsonify, request

app = Flask(__name__)

ANSWER = {"outcome": "likely_covered", "outcome_label": "Likely covered"}
PAGE = "<!doctype html><html lang=en><title>Coverage Check</title><main>" + "<p>Coverage Check.</p>" * 120 + "</main>"


@app.post("/api/v1/determinations")
def determination():
    """A constant determination, whatever was posted."""
    request.get_json(force=True, silent=True)
    return jsonify(ANSWER)


@app.get("/")
@app.get("/<path:anything>")
def page(anything: str = ""):
    """A constant page, whatever was asked for."""
    return PAGE
