"""One date and time format for the whole product, whatever the interface language: dd-mm-jjjj and
dd-mm-jjjj HH:MM in Europe/Amsterdam time (settings.FORMAT_MODULE_PATH points here). Input
accepts the same, plus ISO (yyyy-mm-dd, yyyy-mm-ddTHH:MM) for the API, older links and tests."""
