pytest_plugins = ["tests.fixtures.database", "tests.fixtures.app", "tests.fixtures.factories"]
