#!/bin/sh
# There is no init system in a container: packages must not try to start their services.
exit 101
