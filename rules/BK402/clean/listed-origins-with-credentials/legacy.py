from flask import Flask
from flask_cors import CORS

legacy = Flask(__name__)
CORS(legacy, origins=["https://app.example.com"], supports_credentials=True)
CORS(legacy, origins="*", send_wildcard=True)
