// The start-up of scripts/jshell (after JShell's DEFAULT and PRINTING start-ups), the notebook kernel and the
// walk-through tests: the common imports and the thread settings.
import java.nio.file.*;
import java.util.*;
import org.ae4j.core.data.*;
import org.ae4j.core.linear.*;
import org.ae4j.core.loss.*;
import org.ae4j.core.model.*;
import org.ae4j.core.nn.*;
import org.ae4j.core.prob.*;
import org.ae4j.core.run.*;
import org.ae4j.core.train.*;
import org.ae4j.experiments.viz.*;
import org.ae4j.graph.*;
import org.ae4j.graph.molecule.*;
import org.ae4j.notebooks.Show;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.SDVariable;
// Threads as scripts/ae4j sets them, and SameDiff's "Added differentiated op" lines off the console.
org.ae4j.core.engine.Backend.configure();
