-- One database per service (PLATFORM.md §6).
CREATE DATABASE registry;
CREATE DATABASE benchmark;
