// The start-up of scripts/jshell (after JShell's DEFAULT and PRINTING start-ups), the notebook kernel and the
// walk-through tests: the common imports and the thread settings.
import java.nio.file.*;
import java.util.*;
import org.ae4j.core.data.*;
import org.ae4j.core.data.formats.*;
import org.ae4j.core.data.sets.*;
import org.ae4j.core.eval.*;
import org.ae4j.core.linear.*;
import org.ae4j.core.loss.*;
import org.ae4j.core.model.*;
import org.ae4j.core.nn.*;
import org.ae4j.core.prob.*;
import org.ae4j.core.random.*;
import org.ae4j.core.runs.*;
import org.ae4j.core.train.*;
import org.ae4j.graph.align.*;
import org.ae4j.graph.data.*;
import org.ae4j.graph.eval.*;
import org.ae4j.graph.model.*;
import org.ae4j.graph.molecule.*;
import org.ae4j.graph.nn.*;
import org.ae4j.viz.*;
import org.ae4j.notebooks.Show;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.SDVariable;
// Threads as scripts/ae4j sets them, and SameDiff's "Added differentiated op" lines off the console.
org.ae4j.core.engine.Backend.configure();
