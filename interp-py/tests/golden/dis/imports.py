import os
import os.path
import xml.etree.ElementTree as ET
from collections import OrderedDict, defaultdict as dd
from . import sibling
from ..parent import thing
from .pkg.mod import name as alias
from math import *
