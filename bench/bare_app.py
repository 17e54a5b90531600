"""The yardstick for the API benchmark: Flask answering a constant JSON, under the same gunicorn.

It reads the posted JSON as the API does, so what it measures is the server and the framework;
what the API adds on top (checking the answers, the engine, saving, headers, logs) is the difference.
"""
from flask import Flask, jsonify, request

app = Flask(__name__)

ANSWER = {"outcome": "likely_covered", "outcome_label": "Likely covered"}


@app.post("/api/v1/determinations")
def determination():
    """A constant determination, whatever was posted."""
    request.get_json(force=True, silent=True)
    return jsonify(ANSWER)
