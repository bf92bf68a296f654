"""pgemu: a local emulator of the Tencent Cloud API 3.0 PostgreSQL service.

It is a program of its own: it never imports the collection under test, so a
bug shared by the collection and its judge cannot hide itself.
"""
