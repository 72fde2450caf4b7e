"""The sample data: the reform's months in 22 regions written as real workbooks, and the
demo database built from them."""
