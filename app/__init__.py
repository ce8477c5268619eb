"""Domain and use cases of 就业服务站工作台. Imports no Qt."""

__version__ = "0.1.0"
APP_NAME = "就业服务站工作台"
