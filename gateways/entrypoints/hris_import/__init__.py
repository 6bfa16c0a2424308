"""`mentoring hris-import SNAPSHOT.csv`: a full workforce export turned into HRIS messages.

``mapping`` reads a vendor mapping (column names, values, date format); ``rows`` parses the CSV
into validated rows and reports bad ones by line; ``diff`` compares the rows with what the
system knows and plans the contract messages (all three pure); ``known`` reads the employees'
current state from the event log; ``delivery`` publishes the messages or applies them through
the HRIS ingestion path. See docs/hris-import.md.
"""
