from flask import Flask
from flask_cors import CORS

admin = Flask(__name__)
CORS(admin, resources={r"/api/*": {"origins": "*", "supports_credentials": True}})
