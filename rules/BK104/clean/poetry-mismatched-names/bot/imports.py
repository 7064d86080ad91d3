import attr
import Crypto.Cipher.AES
import dns.resolver
import fitz
import grpc
import jwt
import magic
import MySQLdb
import serial
import socketio
import zmq
from docx import Document
from github import Github
from gitlab import Gitlab
from kafka import KafkaProducer
from ldap import initialize
from OpenSSL import crypto
from pythonjsonlogger import jsonlogger
from sklearn.linear_model import LinearRegression
from slugify import slugify
from telegram.ext import Application
