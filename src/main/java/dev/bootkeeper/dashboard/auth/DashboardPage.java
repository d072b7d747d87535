package dev.bootkeeper.dashboard.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource class as part of the dashboard: every request needs a login, every change an
 * admin and a CSRF token. The machine-facing paths and the REST API never carry it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface DashboardPage {}
