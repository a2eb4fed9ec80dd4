"""The only code that touches Redis, SQLite or DynamoDB."""
