import csv
import sys

from helpers import rows
from scripts.format import line
