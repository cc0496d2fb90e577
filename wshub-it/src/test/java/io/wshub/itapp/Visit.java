package io.wshub.itapp;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

/** A {@code @Dependent} bean of one {@link VisitsEndpoint} instance: destroyed with it, it tells {@link Visits}. */
@Dependent
public class Visit {

    @Inject
    Visits visits;

    @PreDestroy
    void over() {
        visits.ended();
    }
}
