package org.seqlab.session;

import org.seqlab.data.Dataset;

/**
 * A data set the session has loaded, with what it was loaded from: the declaration (a new declaration of the
 * same name loads again) or the path of a file named in place.
 */
public record LoadedData(Object declaration, Dataset data) {
}
