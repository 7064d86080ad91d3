import google.auth
from azure.storage.blob import BlobServiceClient
from google.cloud import pubsub_v1, storage
from google.protobuf import json_format
from google.protobuf.timestamp_pb2 import Timestamp
from opentelemetry import trace
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.sdk.trace import TracerProvider

trace.set_tracer_provider(TracerProvider())
_ = (google.auth, BlobServiceClient, pubsub_v1, storage, json_format, Timestamp, FastAPIInstrumentor)
