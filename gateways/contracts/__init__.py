"""The published contracts, generated from the code into docs/schemas/.

JSON Schema (draft-07) for every domain event as stored (``events``), for the HRIS message
contract (``hris``) and for the notification outbox's records (``notifications``), and an
AsyncAPI 3.0 document of the topics (``asyncapi``). ``files.generate`` renders them all;
``python -m gateways.contracts`` writes them, ``--check`` fails when the files are stale.
"""
